/**
 * A control's place while it is not mounted yet (useAfterFirstFrame): a box of its size and look (antd's outlined input)
 * with its label, so nothing moves when the control takes its place. Hidden from assistive technology: it does nothing.
 */
export function Slot({ label, width, minWidth }: { label: string; width?: number; minWidth?: number }) {
  return <span className="slot" aria-hidden="true" style={{ width, minWidth }}>{label}</span>;
}
