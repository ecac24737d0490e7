import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Product } from './product.entity';

class SearchDto {
  q?: string;
  brand?: string;
  page?: number;
}

@Controller('products')
export class ProductsController {
  constructor(@InjectRepository(Product) private readonly repo: Repository<Product>) {}

  @Get('search')
  search(@Query() dto: SearchDto) {
    const qb = this.repo.createQueryBuilder('p').where('p.active = :active', { active: true });
    if (dto.q) qb.andWhere(`p.name ILIKE '%${dto.q}%'`);
    if (dto.brand) qb.andWhere('p.brand = :brand', { brand: dto.brand });
    return qb.skip(((dto.page ?? 1) - 1) * 20).take(20).getMany();
  }

  @Get(':id/related')
  related(@Param('id', ParseIntPipe) id: number, @Query('tag') tag: string) {
    return this.repo.query(
      `SELECT r.* FROM products r JOIN product_tags t ON t.product_id = r.id WHERE t.tag = '${tag}' AND r.id <> ${id} LIMIT 10`,
    );
  }

  @Get(':id')
  one(@Param('id', ParseIntPipe) id: number) {
    return this.repo.findOne({ where: { id } });
  }
}
