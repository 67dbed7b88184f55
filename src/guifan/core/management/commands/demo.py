from django.core.management.base import BaseCommand

from guifan.demo.loading import DEMO_FILE, load_demo


class Command(BaseCommand):
    help = (
        "载入昆明市2022年演示数据（自评报告中的12家机构）和每个角色一个演示账户；重复运行不会改变任何数据。"
    )

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write(f"演示数据已就绪（{DEMO_FILE.name}）。机构电话均为虚构号码。演示账户：")
        for login in logins:
            self.stdout.write(
                f"  {login.role:<10} 用户名 {login.username:<8} 密码 {login.password}  范围：{login.scope}"
            )
