export * from './flow.entity';
export * from './flows.constants';
export * from './migrations/1796015667949-create-flows.migration';
export * from './flows.service';
