"""`guifan user-add USERNAME --role ROLE …`: a login for scripting, through the same service as the page."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from guifan.accounts.constants import Role
from guifan.accounts.models import User
from guifan.accounts.services import UserInvalid, login_create
from guifan.core.exceptions import ScopeViolation
from guifan.regions.models import Region
from guifan.regions.selectors import region_index
from guifan.registry.models import Institution

ROLE_HELP = "，".join(f"{value}（{label}）" for value, label in Role.choices)


def _role(text: str) -> Role:
    """A role by its code (county_officer, county-officer) or its Chinese name (县区经办)."""
    key = text.strip().replace("-", "_")
    for value, label in Role.choices:
        if key in {value, label} or (label.startswith(key) and key):
            return Role(value)
    raise CommandError(f"未知角色“{text}”；可用：{ROLE_HELP}")


def _county(name: str) -> Region:
    regions = region_index()
    if message := regions.error(name):
        raise CommandError(message)
    return Region.objects.get(pk=regions.resolve(name).county_id)


def _institution(name: str, county: Region | None) -> Institution:
    matches = Institution.objects.filter(name=name.strip()).select_related("county")
    if county is not None:
        matches = matches.filter(county=county)
    found = list(matches[:10])
    if not found:
        where = f"{county.name}" if county else "全市"
        raise CommandError(f"{where}没有名为“{name}”的机构（须与机构名录中的名称完全一致）")
    if len(found) > 1:
        counties = "、".join(i.county.name for i in found)
        raise CommandError(f"有多家机构名为“{name}”（{counties}），请用 --county 指定县区")
    return found[0]


class Command(BaseCommand):
    help = "新建登录账户；未给 --password 时生成初始密码并显示一次。对方首次登录时须设置自己的密码。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=f"角色：{ROLE_HELP}")
        parser.add_argument(
            "--county", help="县区经办的所属县区；机构用户可用它区分同名机构（如 盘龙区、石林县）"
        )
        parser.add_argument("--institution", help="机构用户的所属机构（机构名录中的全称）")
        parser.add_argument("--full-name", default="", help="姓名")
        parser.add_argument("--password", default="", help="初始密码；不给则自动生成")
        parser.add_argument("--by", help="以哪个用户的名义新建（记入操作记录）；不给则记为“系统”")

    def handle(self, *args, username, role, county, institution, full_name, password, by, **options):
        role = _role(role)
        actor = None
        if by:
            actor = User.objects.filter(username=by).first()
            if actor is None:
                raise CommandError(f"找不到用户“{by}”")
        region = _county(county) if county else None
        place = _institution(institution, region) if institution else None
        if role == Role.OPERATOR and place is not None:
            region = None  # an operator's county is their institution's; --county narrowed the search
        if password:
            try:
                someone = User(username=username, full_name=full_name or "")
                password_validation.validate_password(password, user=someone)
            except ValidationError as exc:
                raise CommandError("初始密码不符合要求：" + "".join(exc.messages)) from exc
        try:
            new = login_create(
                by=actor,
                username=username,
                role=role,
                full_name=full_name,
                county=region,
                institution=place,
                password=password,
            )
        except UserInvalid as exc:
            raise CommandError(str(exc)) from exc
        except ScopeViolation as exc:
            raise CommandError(str(exc)) from exc
        user = new.user
        scope = user.institution.name if user.institution else (user.county.name if user.county else "全市")
        self.stdout.write(f"已新建账户 {user.username}（{user.get_role_display()}，{scope}）。")
        if new.generated:
            self.stdout.write(f"初始密码：{new.password}（只显示这一次）")
        self.stdout.write("对方首次登录时须设置自己的密码。")
