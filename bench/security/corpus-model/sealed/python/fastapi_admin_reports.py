from fastapi import Depends, FastAPI, HTTPException

from .auth import get_current_user
from .models import User
from .reports import purge_reports, list_reports

app = FastAPI()


def require_admin(user: User = Depends(get_current_user)) -> User:
    if not user.is_admin:
        raise HTTPException(status_code=403, detail="Admins only")
    return user


@app.get("/admin/reports")
def admin_reports(admin: User = Depends(require_admin)):
    return list_reports()


@app.post("/admin/reports/purge")
def admin_purge_reports(user: User = Depends(get_current_user)):
    removed = purge_reports()
    return {"removed": removed}


@app.get("/me")
def me(user: User = Depends(get_current_user)):
    return {"id": user.id, "email": user.email}
