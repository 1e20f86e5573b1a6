//! OData $filter/$orderby/$select parsing, checking against the field catalogue, evaluation over JSON records, and index prefilters. No I/O.
