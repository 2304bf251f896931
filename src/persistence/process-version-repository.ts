import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import {
  type ProcessSnapshot,
  ProcessVersionStore,
  type StoredVersion,
  type StoredVersionFiles,
} from '../processes/process-version-store.js';
import { translateDriverError } from './driver-errors.js';
import { ProcessVersionEntity } from './entities/index.js';

/** How often a publish that lost the race for a number to another server tries again. */
const PUBLISH_ATTEMPTS = 5;

const LISTED = {
  process: true,
  number: true,
  hash: true,
  bytes: true,
  publishedAt: true,
  publishedBy: true,
} as const;

/** The process versions in the database (the same on Postgres and SQLite). */
@Injectable()
export class ProcessVersionRepository extends ProcessVersionStore {
  constructor(
    @InjectRepository(ProcessVersionEntity)
    private readonly versions: Repository<ProcessVersionEntity>,
  ) {
    super();
  }

  async publish(
    process: string,
    snapshot: ProcessSnapshot,
    by: string,
  ): Promise<{ version: StoredVersion; published: boolean }> {
    for (let attempt = 1; ; attempt += 1) {
      const latest = await guard(
        this.versions.findOne({ select: LISTED, where: { process }, order: { number: 'DESC' } }),
      );
      if (latest?.hash === snapshot.hash) return { version: toVersion(latest), published: false };
      const row: ProcessVersionEntity = {
        process,
        number: (latest?.number ?? 0) + 1,
        hash: snapshot.hash,
        files: JSON.stringify({
          folder: snapshot.folder,
          moduleType: snapshot.moduleType,
          files: snapshot.files,
        }),
        bytes: snapshot.bytes,
        publishedAt: new Date().toISOString(),
        publishedBy: by,
      };
      try {
        // insert, never save: the primary key (process, number) decides between two servers publishing at once
        await this.versions.insert(row);
        return { version: toVersion(row), published: true };
      } catch (error) {
        if (attempt === PUBLISH_ATTEMPTS) throw translateDriverError(error);
      }
    }
  }

  async latest(): Promise<StoredVersion[]> {
    const rows = await guard(
      this.versions
        .createQueryBuilder('v')
        .select(Object.keys(LISTED).map((k) => `v.${k}`))
        .where(
          'v.number = (SELECT max(w.number) FROM process_versions w WHERE w.process = v.process)',
        )
        .getMany(),
    );
    return rows.map(toVersion);
  }

  async find(process: string, hash: string): Promise<StoredVersionFiles | null> {
    const row = await guard(
      this.versions.findOne({ where: { process, hash }, order: { number: 'DESC' } }),
    );
    if (row === null) return null;
    const { folder, moduleType, files } = JSON.parse(row.files) as Pick<
      ProcessSnapshot,
      'folder' | 'moduleType' | 'files'
    >;
    return { ...toVersion(row), snapshot: { hash, folder, moduleType, files, bytes: row.bytes } };
  }

  async list(process: string): Promise<StoredVersion[]> {
    const rows = await guard(
      this.versions.find({ select: LISTED, where: { process }, order: { number: 'ASC' } }),
    );
    return rows.map(toVersion);
  }

  async remove(process: string, numbers: readonly number[]): Promise<number> {
    if (numbers.length === 0) return 0;
    const result = await guard(this.versions.delete({ process, number: In([...numbers]) }));
    return result.affected ?? 0;
  }
}

const toVersion = (row: Omit<ProcessVersionEntity, 'files'>): StoredVersion => ({
  process: row.process,
  number: row.number,
  hash: row.hash,
  bytes: row.bytes,
  publishedAt: row.publishedAt,
  publishedBy: row.publishedBy,
});

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw translateDriverError(error);
  }
}
