"""Pages of a long list whose cost does not grow with the page's depth."""

from django.core.paginator import Page, Paginator


class DeferredPaginator(Paginator):
    """Takes a page of a queryset in two steps: the page's primary keys, by OFFSET over the list's
    ordering (an index scan that reads no row of those it skips), then just those rows with their
    relations. A plain OFFSET reads every skipped row, so page 200 of the audit log cost twice page 1."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)} if keys else {}
        return self._get_page([rows[k] for k in keys if k in rows], number, self)
