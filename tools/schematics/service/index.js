// The `app` schematic's entry: compiles and loads its TypeScript factory (no build step).
require('../register-typescript');
module.exports = require('./service.factory');
