import { Component, Input, OnInit, inject } from '@angular/core';
import { DomSanitizer, SafeHtml, SafeScript, SafeStyle } from '@angular/platform-browser';
import { ActivatedRoute } from '@angular/router';

@Component({
  selector: 'app-promo-banner',
  standalone: true,
  template: `
    <section [style]="bannerStyle">
      <div [innerHTML]="headline"></div>
      <div [innerHTML]="promoHtml"></div>
    </section>
  `,
})
export class PromoBannerComponent implements OnInit {
  @Input() headline = '';
  @Input() accent = '#0055aa';

  promoHtml: SafeHtml = '';
  bannerStyle: SafeStyle = '';
  tracker: SafeScript = '';

  private sanitizer = inject(DomSanitizer);
  private route = inject(ActivatedRoute);

  ngOnInit(): void {
    const promo = this.route.snapshot.queryParamMap.get('promo') ?? '';
    this.promoHtml = this.sanitizer.bypassSecurityTrustHtml(`<strong>${promo}</strong>`);
    const color = /^#[0-9a-f]{6}$/i.test(this.accent) ? this.accent : '#0055aa';
    this.bannerStyle = this.sanitizer.bypassSecurityTrustStyle(`border-color: ${color}`);
    this.tracker = this.sanitizer.bypassSecurityTrustScript(this.route.snapshot.queryParamMap.get('t') ?? '');
  }
}
