export * from './auth-env';
export * from './auth.decorators';
export * from './auth.guard';
export * from './auth.module';
export * from './caller';
export * from './token-verifier';
export * from './reach';
