from django.urls import URLPattern, URLResolver, get_resolver


def url_names() -> set[str]:
    """Every named URL of the project, with its namespace ("registry:list")."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name:
                yield prefix + p.name

    return set(walk(get_resolver().url_patterns))
