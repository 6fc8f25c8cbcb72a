"use client";

import { useEffect, useRef } from "react";

/** Calls `onOutside` on a pointer press outside the returned ref's element or on Escape, while `active`. */
export const useOutsideClick = <T extends HTMLElement>(active: boolean, onOutside: () => void) => {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!active) return;
    const onPointer = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onOutside();
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onOutside();
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [active, onOutside]);
  return ref;
};
