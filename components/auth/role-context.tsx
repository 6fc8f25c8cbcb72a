"use client";

import { createContext, useContext } from "react";
import type { TUserRole } from "@/lib/auth/roles";

const RANK: Record<TUserRole, number> = { viewer: 0, curator: 1, admin: 2 };

const RoleContext = createContext<TUserRole>("viewer");

/** Set once by the root layout from the server-side session. */
export const RoleProvider = ({ role, children }: { role: TUserRole; children: React.ReactNode }) => <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;

export const useCan = (needed: TUserRole): boolean => RANK[useContext(RoleContext)] >= RANK[needed];

/** Renders its children only for users with at least `role` (the API enforces it again). */
export const IfRole = ({ role, children }: { role: TUserRole; children: React.ReactNode }) => (useCan(role) ? <>{children}</> : null);
