import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';

interface CsvUser {
  email: string;
  name: string;
  department: string;
}

@Injectable()
export class UserImportService {
  private readonly logger = new Logger(UserImportService.name);

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async importCsv(csv: string): Promise<number> {
    const records: CsvUser[] = parse(csv, { columns: true, skip_empty_lines: true });
    let n = 0;
    for (const r of records) {
      await this.ds.query('INSERT INTO users (email, name, department) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        r.email,
        r.name,
        r.department,
      ]);
      n++;
    }
    this.logger.log(`imported ${n} users`);
    return n;
  }

  async tagDepartment(department: string, tag: string): Promise<void> {
    const sql = `UPDATE users SET tags = array_append(tags, '${tag}') WHERE department = '${department}'`;
    this.logger.debug(sql);
    await this.ds.query(sql);
  }

  async departmentCounts() {
    return this.ds
      .createQueryBuilder()
      .select('department')
      .addSelect('COUNT(*)', 'n')
      .from('users', 'u')
      .groupBy('department')
      .getRawMany();
  }
}
