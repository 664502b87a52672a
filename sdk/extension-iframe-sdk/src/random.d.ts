export declare function randomHex(bytes?: number): string;
export declare function equalStrings(a: unknown, b: unknown): boolean;
