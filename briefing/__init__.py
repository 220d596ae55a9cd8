"""briefing: compile a knowledge base of news findings into audience-specific DOCX policy briefs."""

__version__ = "0.1.0"
