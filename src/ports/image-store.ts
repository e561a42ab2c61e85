/** Where image bytes come from before they are staged: a directory of downloads, or the lab's generator. */
export interface ImageStore {
  /** A local file holding the image's bytes, or undefined when the store has no such image. */
  localPath(file: string): Promise<string | undefined>;
}
