/** A count or rate, rounded, with thousands separators. */
export const n = (value: number) => Math.round(value).toLocaleString('en-US');

/** `a / b` as `1.23×`. */
export const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** Whether a bar was met, the miss in bold. */
export const met = (ok: boolean) => (ok ? 'met' : '**not met**');
