// Headless entry point. The documentation engine is not wired in yet; say so instead of pretending.
process.stderr.write('docsmith: the headless generator is not available yet in this build.\n');
process.exit(1);
