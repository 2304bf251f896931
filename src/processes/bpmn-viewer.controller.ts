import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

// The playground draws processes with bpmn-js's viewer, served from node_modules (a production
// dependency), never from a CDN: the page works offline and runs the version pinned in the lockfile.
const DIST = join(dirname(createRequire(import.meta.url).resolve('bpmn-js/package.json')), 'dist');
const FILES: Record<string, string> = {
  'bpmn-viewer.production.min.js': 'bpmn-viewer.production.min.js',
  'diagram-js.css': 'assets/diagram-js.css',
  'bpmn-js.css': 'assets/bpmn-js.css',
};

/** GET /vendor/bpmn-js/<file>: the few bpmn-js files that the playground loads. */
@ApiExcludeController()
@Controller('vendor/bpmn-js')
export class BpmnViewerController {
  @Get(':file')
  file(@Param('file') file: string, @Res() response: Response): void {
    const path = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
    if (path === undefined) throw new NotFoundException(`no such bpmn-js file: ${file}`);
    response.sendFile(join(DIST, path), { maxAge: '1h' });
  }
}
