/** What a page shows to a signed-in user whose role is too low. */
export const Denied = ({ role }: { role: string }) => (
  <div className="rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900" data-testid="denied">
    This page needs the {role} role. Ask an admin if you need it.
  </div>
);
