/** Where the build records the fingerprint of the sources it compiled (relative to the repository). */
export declare const FINGERPRINT_FILE: string;
/** Every build input's path, size and modification time, one per line. */
export declare function sourceFingerprint(root: string): string;
/** True when dist/ was built from exactly the sources there now. */
export declare function isBuildCurrent(root: string): boolean;
