import { formatNumber } from "@/components/ui/format";

/** A cell value: integers as stored (a year stays 2013, not 2,013), other numbers rounded. */
export const formatValue = (v: unknown): string => (typeof v === "number" && Number.isInteger(v) ? String(v) : formatNumber(v));
