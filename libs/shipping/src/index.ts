export * from './shipment.entity';
export * from './shipment-rules';
export * from './shipping.constants';
export * from './migrations/1764700000300-create-shipments.migration';
export * from './shipping.service';
