// Exercise 03: every task's tests, on one real PostgreSQL for the whole file (starting an
// embedded PGlite costs about a second; emptying its tables, milliseconds). Each task's
// tests are in tests/tasks/, in the order of the README.
import { openDatabaseForThisFile } from './support/database.js';
import './tasks/schema.js';
import './tasks/products.js';
import './tasks/listing.js';
import './tasks/orders.js';
import './tasks/concurrency.js';

openDatabaseForThisFile();
