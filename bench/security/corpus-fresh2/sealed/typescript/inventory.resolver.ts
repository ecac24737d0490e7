import { Resolver, Query, Args, Mutation } from '@nestjs/graphql';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import mongoSanitize from 'mongo-sanitize';
import { Item, ItemDocument } from './item.schema';

@Resolver(() => Item)
export class InventoryResolver {
  constructor(@InjectModel(Item.name) private readonly items: Model<ItemDocument>) {}

  @Query(() => [Item])
  async itemsByFilter(@Args('filter', { type: () => String }) filter: string) {
    return this.items.find(JSON.parse(filter));
  }

  @Query(() => [Item])
  async itemsByFilterClean(@Args('filter', { type: () => String }) filter: string) {
    return this.items.find(mongoSanitize(JSON.parse(filter)));
  }

  @Query(() => [Item])
  async itemsCheaperThan(@Args('price', { type: () => String }) price: string) {
    return this.items.find({ $where: `this.price < ${price}` });
  }

  @Query(() => Item)
  async itemBySku(@Args('sku', { type: () => String }) sku: string) {
    return this.items.findOne({ sku });
  }

  @Mutation(() => Item)
  async updateItem(@Args('id') id: string, @Args('patch', { type: () => String }) patch: string) {
    return this.items.findByIdAndUpdate(id, JSON.parse(patch), { new: true });
  }
}
