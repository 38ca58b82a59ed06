// The `derived-files` schematic's entry: the landscape it reads imports the libs by @app/* alias.
require('../register-typescript').registerPaths();
module.exports = require('./derived-files.factory');
