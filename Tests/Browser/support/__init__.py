"""Support code for the browser tests: loopback servers and the Chromium driver."""
