package postgres

// IndexWords is the index's words of a text, for the benchmark, which
// writes its generated entries with one COPY instead of through the store.
var IndexWords = indexWords
