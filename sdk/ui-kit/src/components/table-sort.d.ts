/** Orders table values: numbers, dates, then numeric-aware strings; empty values last. */
export declare function compareValues(a: unknown, b: unknown): number;
