import { Body, Controller, Get, NotFoundException, Param, Post, Query, Redirect } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { User } from './user.entity';

interface ListQuery {
  status?: string;
  orderBy?: string;
}

@Controller('users')
export class UsersController {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  async list(@Query() query: ListQuery) {
    const status = query.status ?? 'active';
    const orderBy = query.orderBy ?? 'created_at';
    return this.dataSource.query(`SELECT id, email, status FROM users WHERE status = '${status}' ORDER BY ${orderBy}`);
  }

  @Get(':id')
  async findOne(@Param('id') id: string) {
    const rows = await this.dataSource.query('SELECT id, email, status FROM users WHERE id = $1', [id]);
    if (!rows.length) throw new NotFoundException();
    return rows[0];
  }

  @Get('by-email/:email')
  async byEmail(@Param('email') email: string) {
    return this.users.findOneBy({ email });
  }

  @Post(':id/tags')
  async addTag(@Param('id') id: string, @Body('tag') tag: string) {
    await this.users.query(`INSERT INTO user_tags (user_id, tag) VALUES (${id}, '${tag}')`);
    return { ok: true };
  }

  @Get('docs')
  @Redirect('https://docs.example.com/users', 302)
  docs() {
    return;
  }
}
