/** Reads an API error body `{ error: { message } }` into a message. */
export const apiError = async (res: Response): Promise<string> => {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    return body.error?.message ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
};

/** Sends `body` as JSON (nothing when it is undefined) and returns the JSON answer, or throws the API's error message. */
export const sendJson = async <T>(method: "POST" | "PATCH" | "PUT" | "DELETE", url: string, body?: unknown): Promise<T> => {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(await apiError(res));
  return (await res.json()) as T;
};

export const postJson = <T>(url: string, body?: unknown): Promise<T> => sendJson<T>("POST", url, body);
