import type { Theme } from '../../extension-iframe-sdk/src/types.js';

/** The built-in light theme (token names without the `--alga-` prefix). */
export declare const lightTheme: Readonly<Theme>;
export declare const darkTheme: Readonly<Theme>;
export declare const themes: Readonly<{ light: Readonly<Theme>; dark: Readonly<Theme> }>;
