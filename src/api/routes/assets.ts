import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type BlobStore, BlobTooLargeError, type StagedBlob } from '../../rooms/blob-store.js';
import { contentTypeOf } from '../../rooms/fixture-importer.js';
import type { RoomStore } from '../../rooms/room-store.js';
import { chooseRange, matchesIfNoneMatch } from '../byte-ranges.js';
import type { OpenApiRouteConfig } from '../openapi.js';
import {
  badRequest,
  notFound,
  rangeNotSatisfiable,
  tooLarge,
  unsupportedMediaType,
} from '../problem.js';
import { requireEditableRoom, requireRoomRole } from '../room-access.js';
import {
  assetParamsSchema,
  assetSchema,
  assetTitleSchema,
  assetUploadFormSchema,
  noContent,
  pageOf,
  pageQuerySchema,
  problems,
  roomAssetParamsSchema,
  roomParamsSchema,
} from '../schemas.js';

// The form's own bytes besides the file: boundaries, part headers and a title of 64 KiB at most.
const FORM_OVERHEAD_BYTES = 128 * 1024;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const PARSER_LIMIT_CODES = new Set(['FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PARTS_LIMIT']);

// Typed as unknown so a stream can be sent; documented as what it is.
const binary = z.unknown().meta({ type: 'string', format: 'binary' });

/** The declared type of the file part, or one known from its name when it declares none. */
function assetContentType(file: MultipartFile): string | null {
  const declared = file.mimetype.toLowerCase().split(';')[0]?.trim() ?? '';
  if (declared && declared !== 'application/octet-stream') {
    return MEDIA_TYPE.test(declared) ? declared : null;
  }
  return contentTypeOf(file.filename ?? '');
}

const refuseField = (field: string, message: string) =>
  badRequest(`the form is invalid: ${field}: ${message}`, [{ field, message }]);

export const assetRoutes: FastifyPluginAsyncZod<{
  store: RoomStore;
  blobs: BlobStore;
  uploadMaxBytes: number;
}> = async (app, { store, blobs, uploadMaxBytes }) => {
  app.get(
    '/rooms/:roomId/assets',
    {
      schema: {
        tags: ['assets'],
        summary: "The room's assets that are not deleted, newest first",
        params: roomParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: pageOf(assetSchema), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      await requireRoomRole(store, request.params.roomId, request.userId);
      return store.listAssets(request.params.roomId, request.query);
    },
  );

  app.post(
    '/rooms/:roomId/assets',
    {
      config: { multipartForm: assetUploadFormSchema } satisfies OpenApiRouteConfig,
      schema: {
        tags: ['assets'],
        summary: `Upload a media file (multipart: file and title), up to ${uploadMaxBytes} bytes`,
        description:
          'The file streams to the blob store while its SHA-256 is computed; bytes already ' +
          'stored under the same hash are kept once. Owner or co-editor only.',
        params: roomParamsSchema,
        response: { 201: assetSchema, ...problems(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const { roomId } = request.params;
      let staged: StagedBlob | undefined;
      try {
        await requireEditableRoom(store, roomId, request.userId, 'upload to it');
        if (!request.isMultipart()) {
          throw unsupportedMediaType('send multipart/form-data with a file part and a title');
        }
        const declaredLength = Number(request.headers['content-length']);
        if (declaredLength > uploadMaxBytes + FORM_OVERHEAD_BYTES) throw tooLarge(uploadMaxBytes);

        let title: string | undefined;
        let contentType: string | null = null;
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            if (part.fieldname !== 'title') {
              throw refuseField(part.fieldname, 'is not a field of an upload');
            }
            const parsed = assetTitleSchema.safeParse(part.value);
            if (!parsed.success) {
              throw refuseField('title', parsed.error.issues[0]?.message ?? 'is invalid');
            }
            title = parsed.data;
            continue;
          }
          if (part.fieldname !== 'file') {
            throw refuseField(part.fieldname, 'send the file as a part named file');
          }
          contentType = assetContentType(part);
          if (!contentType) throw refuseField('file', 'its Content-Type is not a media type');
          staged = await blobs.stage(part.file, { maxBytes: uploadMaxBytes });
          // The parser cuts a file off at the limit and ends the stream as if it were whole.
          if (part.file.truncated) throw tooLarge(uploadMaxBytes);
        }

        if (!staged || !contentType) throw refuseField('file', 'send one file part named file');
        if (title === undefined) throw refuseField('title', 'send a title field');
        const asset = await store.addUploadedAsset(roomId, { title, contentType }, staged);
        request.log.info(
          { roomId, assetId: asset.id, size: asset.size, userId: request.userId },
          'asset uploaded',
        );
        reply.status(201);
        return asset;
      } catch (error) {
        // Whatever of the body is still unread is not worth reading: close once answered.
        if (!request.raw.readableEnded) reply.header('connection', 'close');
        const code = (error as { code?: string }).code;
        if (code && PARSER_LIMIT_CODES.has(code)) {
          throw refuseField('file', 'send one file part and one title field, nothing else');
        }
        if (error instanceof BlobTooLargeError) throw tooLarge(uploadMaxBytes);
        throw error;
      } finally {
        await staged?.discard();
      }
    },
  );

  app.get(
    '/assets/:assetId/content',
    {
      schema: {
        tags: ['assets'],
        summary: 'The asset bytes, streamed; supports Range, If-Range and If-None-Match',
        description:
          'Answers with Content-Type, Content-Length, Accept-Ranges and a strong ETag (the ' +
          'SHA-256 in quotes). One byte range is answered with 206 and Content-Range; several ' +
          'ranges are answered with the whole content.',
        params: assetParamsSchema,
        response: {
          200: { description: 'The whole content', content: { '*/*': { schema: binary } } },
          206: { description: 'One byte range', content: { '*/*': { schema: binary } } },
          304: noContent('Not modified: If-None-Match names this ETag'),
          ...problems(400, 401, 404, 416),
        },
      },
    },
    async (request, reply) => {
      const asset = await store.getAsset(request.params.assetId);
      if (!asset || !(await store.roomRole(asset.roomId, request.userId))) {
        throw notFound(`asset ${request.params.assetId}`);
      }
      const etag = `"${asset.sha256}"`;
      // The bytes of an asset never change, but who may read them can: revalidate each time.
      reply
        .header('etag', etag)
        .header('accept-ranges', 'bytes')
        .header('cache-control', 'private, no-cache');
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
        // Sent without a payload at all: a 304 carries no body, not even a serialised null.
        return (reply as FastifyReply).status(304).send();
      }

      const range = chooseRange(asset.size, etag, request.headers);
      if (range.kind === 'unsatisfiable') {
        reply.header('content-range', `bytes */${asset.size}`);
        throw rangeNotSatisfiable(asset.size);
      }
      reply.header('content-type', asset.contentType);
      if (range.kind === 'part') {
        return reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${asset.size}`)
          .header('content-length', range.end - range.start + 1)
          .send(blobs.open(asset.sha256, { start: range.start, end: range.end }));
      }
      return reply.header('content-length', asset.size).send(blobs.open(asset.sha256));
    },
  );

  app.delete(
    '/rooms/:roomId/assets/:assetId',
    {
      schema: {
        tags: ['assets'],
        summary: 'Delete an asset (owner or co-editor); storyboard items that use it stay',
        params: roomAssetParamsSchema,
        response: { 204: noContent('Deleted'), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { roomId, assetId } = request.params;
      await requireEditableRoom(store, roomId, request.userId, 'delete its assets');
      if (!(await store.softDeleteAsset(roomId, assetId))) throw notFound(`asset ${assetId}`);
      return reply.status(204).send(null);
    },
  );
};
