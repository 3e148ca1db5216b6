/**
 * Data loaders over `fetch`, for browsers (and any runtime with fetch): the same formats, checks and
 * messages as the file loaders (idx.ts, csv.ts), with the URL in place of the path. A failed request
 * names the URL and the HTTP status; gzip is undone with the platform's DecompressionStream.
 */
import { parseCsv, type CsvOptions } from "./csv.ts";
import type { Dataset } from "./dataset.ts";
import { DataError } from "./errors.ts";
import { idxDataset, parseIdx } from "./idx.ts";

/** A data file's URL as a string: relative URLs are taken from the page (or worker) that runs the code. */
function urlText(url: string | URL): string {
  return typeof url === "string" ? url : url.href;
}

/** The body of `url`; a network failure or a non-2xx status is a DataError naming the URL (and the status). */
export async function fetchBytes(url: string | URL): Promise<Uint8Array> {
  const where = urlText(url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new DataError(where, `cannot be fetched (${(e as Error).message})`);
  }
  if (!response.ok) {
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
    throw new DataError(where, `cannot be fetched: ${status}${response.status === 404 ? " (no such file on the server)" : ""}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Undoes gzip (recognised by its magic bytes 1f 8b, as in idx-file.ts) with DecompressionStream. */
export async function gunzip(where: string, bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new DataError(where, `starts like gzip but cannot be decompressed (${(e as Error).message})`);
  }
}

/** An IDX images file and its labels file (each optionally gzipped), fetched from their URLs. */
export async function fetchIdx(imagesUrl: string | URL, labelsUrl: string | URL): Promise<Dataset> {
  const [images, labels] = await Promise.all([fetchBytes(imagesUrl), fetchBytes(labelsUrl)]);
  const imagesAt = urlText(imagesUrl);
  const labelsAt = urlText(labelsUrl);
  const imageArray = parseIdx(imagesAt, await gunzip(imagesAt, images), "images");
  const labelArray = parseIdx(labelsAt, await gunzip(labelsAt, labels), "labels");
  return idxDataset(imageArray, labelArray, imagesAt, labelsAt);
}

/** A numeric CSV file fetched from its URL (see csv.ts for the format). */
export async function fetchCsv(url: string | URL, options: CsvOptions): Promise<Dataset> {
  const where = urlText(url);
  return parseCsv(where, new TextDecoder().decode(await fetchBytes(url)), options);
}
