import { AfterViewInit, Component, ElementRef, Input, ViewChild, Renderer2 } from '@angular/core';

@Component({
  selector: 'app-chat-message',
  template: `
    <div class="meta">{{ author }} · {{ sentAt | date: 'short' }}</div>
    <div #content class="content"></div>
    <div #caption class="caption"></div>
    <div class="quote" [innerHTML]="quoted"></div>
  `,
})
export class ChatMessageComponent implements AfterViewInit {
  @Input() author = '';
  @Input() sentAt = new Date();
  @Input() html = '';
  @Input() caption = '';
  @Input() quoted = '';

  @ViewChild('content') content!: ElementRef<HTMLDivElement>;
  @ViewChild('caption') captionEl!: ElementRef<HTMLDivElement>;

  constructor(private renderer: Renderer2) {}

  ngAfterViewInit(): void {
    this.content.nativeElement.innerHTML = this.html;
    this.renderer.setProperty(this.captionEl.nativeElement, 'textContent', this.caption);
  }
}
