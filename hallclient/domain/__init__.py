"""Pure domain: value types, enums and rules. No Qt, SQL, HTTP or PDF below this line."""
