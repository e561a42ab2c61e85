import { readFile } from 'node:fs/promises';
import { parseYamlSource, type SourceResult } from '../core/yaml-source.js';
import { imageCatalogueSchema, inventorySchema, type ImageCatalogue, type Inventory } from './schema.js';

/** Parses inventory YAML text; problems come back with file:line:column and the field. */
export function parseInventory(text: string, file: string): SourceResult<Inventory> {
  return parseYamlSource(text, file, inventorySchema);
}

export function parseImageCatalogue(text: string, file: string): SourceResult<ImageCatalogue> {
  return parseYamlSource(text, file, imageCatalogueSchema);
}

export async function readInventory(file: string): Promise<SourceResult<Inventory>> {
  return parseInventory(await readFile(file, 'utf8'), file);
}

export async function readImageCatalogue(file: string): Promise<SourceResult<ImageCatalogue>> {
  return parseImageCatalogue(await readFile(file, 'utf8'), file);
}
