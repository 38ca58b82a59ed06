export * from './customer-replica.entity';
export * from './order.entity';
export * from './orders.constants';
export * from './migrations/1764600000000-create-orders.migration';
export * from './orders.service';
