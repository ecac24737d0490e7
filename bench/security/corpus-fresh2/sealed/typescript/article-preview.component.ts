import { Component, ElementRef, Input, OnChanges, SecurityContext, ViewChild } from '@angular/core';
import { DomSanitizer, SafeHtml, SafeResourceUrl } from '@angular/platform-browser';
import { ActivatedRoute } from '@angular/router';

@Component({
  selector: 'app-article-preview',
  template: `
    <h2>{{ title }}</h2>
    <div class="summary" [innerHTML]="summary"></div>
    <div class="body" [innerHTML]="trustedBody"></div>
    <iframe [src]="embedUrl"></iframe>
    <div #raw></div>
  `,
})
export class ArticlePreviewComponent implements OnChanges {
  @Input() title = '';
  @Input() summary = '';
  @Input() body = '';
  @ViewChild('raw', { static: true }) raw!: ElementRef<HTMLDivElement>;
  trustedBody: SafeHtml = '';
  embedUrl: SafeResourceUrl = '';

  constructor(private sanitizer: DomSanitizer, private route: ActivatedRoute) {}

  ngOnChanges(): void {
    this.trustedBody = this.sanitizer.bypassSecurityTrustHtml(this.body);
    const video = this.route.snapshot.queryParamMap.get('video') ?? '';
    this.embedUrl = this.sanitizer.bypassSecurityTrustResourceUrl(video);
    const cleaned = this.sanitizer.sanitize(SecurityContext.HTML, this.body) ?? '';
    this.raw.nativeElement.innerHTML = cleaned;
  }

  showFootnote(note: string): void {
    this.raw.nativeElement.innerHTML += `<aside>${note}</aside>`;
  }
}
