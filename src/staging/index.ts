/**
 * Image staging: verify a catalogue image locally (size, MD5, SHA512) and push it over SFTP to the central
 * staging server or a site's jump host, from where devices `copy scp:` it.
 */
export {
  createDirectoryImageStore,
  hashLocalFile,
  isFile,
  safeName,
  type FileHashes,
  type ImageStore,
} from './image-store.js';
export { openSftp, type SftpLink, type StagingServer } from './sftp-connect.js';
export { pushImage, type PushData, type PushOptions, type PushResult } from './push-image.js';
export { chooseStagingServer, type ChooseServerInput, type StagingChoice } from './choose-server.js';
