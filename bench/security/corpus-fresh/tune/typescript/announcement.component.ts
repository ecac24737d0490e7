import { Component, Input, OnChanges } from '@angular/core';
import { DomSanitizer, SafeHtml, SafeResourceUrl, SafeUrl } from '@angular/platform-browser';
import { SecurityContext } from '@angular/core';

@Component({
  selector: 'app-announcement',
  template: `
    <article>
      <h3>{{ title }}</h3>
      <div class="body" [innerHTML]="bodyHtml"></div>
      <div class="plain" [innerHTML]="plainBody"></div>
      <iframe *ngIf="videoUrl" [src]="videoUrl" width="560" height="315"></iframe>
      <a [href]="moreLink">Read more</a>
    </article>
  `,
})
export class AnnouncementComponent implements OnChanges {
  @Input() title = '';
  @Input() body = '';
  @Input() videoId = '';
  @Input() embedUrl = '';
  @Input() link = '';

  bodyHtml: SafeHtml = '';
  plainBody: string | null = '';
  videoUrl: SafeResourceUrl | null = null;
  moreLink: SafeUrl = '';

  constructor(private readonly sanitizer: DomSanitizer) {}

  ngOnChanges(): void {
    this.bodyHtml = this.sanitizer.bypassSecurityTrustHtml(this.body);
    this.plainBody = this.sanitizer.sanitize(SecurityContext.HTML, this.body);
    if (this.embedUrl) {
      this.videoUrl = this.sanitizer.bypassSecurityTrustResourceUrl(this.embedUrl);
    } else if (/^[A-Za-z0-9_-]{11}$/.test(this.videoId)) {
      this.videoUrl = this.sanitizer.bypassSecurityTrustResourceUrl(`https://www.youtube-nocookie.com/embed/${this.videoId}`);
    }
    this.moreLink = this.sanitizer.bypassSecurityTrustUrl(this.link);
  }
}
