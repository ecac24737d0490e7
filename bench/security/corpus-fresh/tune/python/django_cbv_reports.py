import csv
import subprocess

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.views.generic import DetailView, View

from .models import Report


class Echo:
    def write(self, value):
        return value


class ReportCSVView(LoginRequiredMixin, View):
    def get(self, request, pk):
        columns = request.GET.get("columns", "id,created_at,amount")
        with connection.cursor() as cur:
            cur.execute(f"SELECT {columns} FROM report_rows WHERE report_id = %s", [pk])
            rows = cur.fetchall()
        writer = csv.writer(Echo())
        return StreamingHttpResponse((writer.writerow(r) for r in rows), content_type="text/csv")


class ReportDetailView(LoginRequiredMixin, DetailView):
    model = Report
    template_name = "reports/detail.html"

    def get_queryset(self):
        return Report.objects.filter(owner=self.request.user)


class ReportPdfView(LoginRequiredMixin, View):
    def get(self, request, pk):
        report = Report.objects.get(pk=pk, owner=request.user)
        paper = request.GET.get("paper", "A4")
        pdf = subprocess.run(
            ["wkhtmltopdf", "--page-size", paper, report.html_path, "-"],
            capture_output=True, check=True,
        ).stdout
        return HttpResponse(pdf, content_type="application/pdf")


class ReportPdfLegacyView(LoginRequiredMixin, View):
    def get(self, request, pk):
        report = Report.objects.get(pk=pk, owner=request.user)
        paper = request.GET.get("paper", "A4")
        pdf = subprocess.check_output(f"wkhtmltopdf --page-size {paper} {report.html_path} -", shell=True)
        return HttpResponse(pdf, content_type="application/pdf")
