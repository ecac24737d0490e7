import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Member } from './member.entity';

export class UpdateMemberDto {
  displayName?: string;
  bio?: string;
}

@Injectable()
export class MembersService {
  constructor(@InjectRepository(Member) private readonly repo: Repository<Member>) {}

  async updateFromBody(id: number, body: Record<string, unknown>) {
    const member = await this.repo.findOneBy({ id });
    if (!member) throw new NotFoundException();
    Object.assign(member, body);
    return this.repo.save(member);
  }

  async updateFromDto(id: number, dto: UpdateMemberDto) {
    const member = await this.repo.findOneBy({ id });
    if (!member) throw new NotFoundException();
    const { displayName, bio } = dto;
    Object.assign(member, { displayName, bio });
    return this.repo.save(member);
  }

  async create(body: Partial<Member>) {
    return this.repo.save(this.repo.create(body));
  }

  async search(name: string) {
    return this.repo.query('SELECT id, display_name FROM member WHERE display_name ILIKE $1', [`%${name}%`]);
  }
}
