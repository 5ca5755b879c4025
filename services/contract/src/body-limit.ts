/** The largest JSON request body a service reads; a larger one is answered 413. */
export const MAX_BODY_BYTES = 16 * 1024;

/** The limit as people read it, `16 KiB`. */
export const MAX_BODY_SIZE_TEXT = `${MAX_BODY_BYTES / 1024} KiB`;
