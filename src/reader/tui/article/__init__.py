"""The pieces of the article screen: loading, styling, save status, recognised entities."""
