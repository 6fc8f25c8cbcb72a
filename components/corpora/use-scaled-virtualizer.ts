"use client";

import { elementScroll, observeElementOffset, useVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useRef, useState, type RefObject, type UIEvent } from "react";

/**
 * Browsers cap an element's height (Firefox near 17.9 M px, Chrome and Safari near 33.5 M px):
 * 1 M rows of 34 px would not fit. Above this height the scroll space is compressed: one real
 * pixel of scrolling moves `scale` virtual pixels, so every row stays reachable.
 */
export const MAX_SCROLL_PX = 15_000_000;

type TOptions = {
  count: number;
  rowHeight: number;
  scroller: RefObject<HTMLDivElement | null>;
  /** Height of a sticky header inside the scroller, above the rows. */
  headerPx?: number;
  overscan?: number;
};

/** TanStack Virtual over fixed-height rows, with the scroll space compressed past MAX_SCROLL_PX. */
export const useScaledVirtualizer = ({ count, rowHeight, scroller, headerPx = 0, overscan = 20 }: TOptions) => {
  const scaleRef = useRef(1);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this hook itself
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan,
    // The virtualizer works in virtual pixels; the element scrolls in real ones.
    observeElementOffset: (instance, cb) => observeElementOffset(instance, (offset, isScrolling) => cb(offset * scaleRef.current, isScrolling)),
    scrollToFn: (offset, options, instance) => elementScroll(offset / scaleRef.current, options, instance),
  });
  const virtualHeight = count * rowHeight;
  const viewport = Math.max(0, (virtualizer.scrollRect?.height ?? 0) - headerPx);
  const height = Math.min(virtualHeight, MAX_SCROLL_PX);
  // Scrolled to the end in real pixels is scrolled to the end in virtual ones.
  const scale = virtualHeight > MAX_SCROLL_PX ? (virtualHeight - viewport) / Math.max(1, height - viewport) : 1;
  useLayoutEffect(() => {
    scaleRef.current = scale;
  }, [scale]);

  // The virtualizer re-renders only when the visible range changes; a compressed scroll space
  // shifts rows on every scroll event, so track the real offset too.
  const [realTop, setRealTop] = useState(0);
  const onScroll = scale > 1 ? (e: UIEvent<HTMLDivElement>) => setRealTop(e.currentTarget.scrollTop) : undefined;
  /** Where a row starts inside the (real) scroll content. */
  const topOf = (virtualStart: number) => (scale > 1 ? virtualStart - realTop * (scale - 1) : virtualStart);
  return { virtualizer, height, scale, topOf, onScroll };
};
