import { readSourceFile } from '../config/source-files.js';
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
  const text = await readSourceFile(file);
  return text.ok ? parseInventory(text.value, file) : text;
}

export async function readImageCatalogue(file: string): Promise<SourceResult<ImageCatalogue>> {
  const text = await readSourceFile(file);
  return text.ok ? parseImageCatalogue(text.value, file) : text;
}
