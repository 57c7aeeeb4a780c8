"""Android's vocabulary: data, constraints, requests, workers, chains, queries."""
