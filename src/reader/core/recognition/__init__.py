"""Recognition: entities (EN/RU), dates, the entity registry, gazetteer."""
