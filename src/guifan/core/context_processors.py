from django.conf import settings
from django.urls import reverse

from guifan.accounts.constants import Role
from guifan.accounts.domain import IMPORTS_INSTITUTIONS


def navigation(request) -> dict:
    """The main menu for the signed-in user's role; the current page is marked with aria-current."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    session = {
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": min(settings.GUIFAN_SESSION_WARNING_SECONDS, settings.SESSION_COOKIE_AGE),
    }
    items = [("首页", reverse("home"))]
    if user.role == Role.OPERATOR and user.institution_id:
        items.append(("我的机构", reverse("registry:detail", args=[user.institution_id])))
    else:
        items.append(("机构名录", reverse("registry:list")))
    items.append(("我的申请" if user.role == Role.OPERATOR else "申报与评定", reverse("grading:list")))
    items.append(("我的等级" if user.role == Role.OPERATOR else "等级与年审", reverse("supervision:list")))
    if user.role in {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.AUDITOR}:
        items.append(("项目与资金", reverse("funds:programmes")))
        items.append(("满意度调查", reverse("surveys:list")))
    if user.role in {Role.CITY_ADMIN, Role.INSPECTOR, Role.COUNTY_OFFICER}:
        items.append(("评定标准", reverse("grading:standards")))
    if user.role in {Role.CITY_ADMIN, Role.AUDITOR}:
        items.append(("绩效自评", reverse("evaluation:list")))
    if user.role in {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.AUDITOR}:
        items.append(("报告检查", reverse("reports:check")))
    if user.role in IMPORTS_INSTITUTIONS:
        items.append(("导入机构", reverse("registry:import")))
    if user.role in {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.AUDITOR}:  # those who import or batch-check
        items.append(("后台任务", reverse("jobs:list")))
    if user.role in {Role.CITY_ADMIN, Role.COUNTY_OFFICER}:
        items.append(("用户管理", reverse("accounts:user_list")))
    if user.reads_audit_log:
        items.append(("操作记录", reverse("audit:list")))
    path = request.path
    return {
        **session,
        "nav_items": [
            {"label": label, "url": url, "current": path == url or (url != "/" and path.startswith(url))}
            for label, url in items
        ],
    }
