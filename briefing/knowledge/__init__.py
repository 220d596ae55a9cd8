"""What a build reads, and the checks on it: the knowledge base and the run config.

YAML with line numbers (yamlfile), the schema that turns YAML into frozen
dataclasses (schema, validation), the domain models (model), the knowledge
loader with its merge and cross-reference checks (loader), the run config
(config), the knowledge as of an edition's date (timeline), sector rules
(sectors) and the fact check of findings against their sources (factcheck).

May import: the top-level base modules (errors, resources, cache, atomic) only.
"""
