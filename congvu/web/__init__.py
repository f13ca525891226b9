"""The pages people use: server-rendered templates with htmx."""
